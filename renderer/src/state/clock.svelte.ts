// A ticking "now" for countdowns (media id expiry, rate-limit pauses). One timer for the whole app.
export class Clock {
  now = $state(Date.now());

  start(intervalMs = 1000): () => void {
    const timer = setInterval(() => (this.now = Date.now()), intervalMs);
    return () => clearInterval(timer);
  }
}
