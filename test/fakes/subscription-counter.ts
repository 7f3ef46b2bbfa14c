// Counts the listeners the app's handlers hold on the services' event sources (engine events, post
// events, account changes, conversion progress): each subscribe adds one, each unsubscribe it returned
// takes one away. Subscriptions the services made for themselves before this wraps them are not counted.
import type { Services } from '../../main/app/services.ts';

type Unsubscribe = () => void;

export function countSubscriptions(services: Services): { live(): number } {
  let live = 0;
  const counted =
    <A extends unknown[]>(subscribe: (...args: A) => Unsubscribe) =>
    (...args: A): Unsubscribe => {
      const unsubscribe = subscribe(...args);
      live++;
      let done = false;
      return () => {
        if (!done) live--;
        done = true;
        unsubscribe();
      };
    };
  const { events, postEvents, accounts } = services;
  events.subscribe = counted(events.subscribe.bind(events));
  postEvents.subscribe = counted(postEvents.subscribe.bind(postEvents));
  accounts.onChanged = counted(accounts.onChanged.bind(accounts));
  services.onConversion = counted(services.onConversion.bind(services));
  return { live: () => live };
}
