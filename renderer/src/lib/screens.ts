// The screens in the navigation's order: the tabs and the Mod+1…N shortcuts both come from this list.
export const SCREENS = [
  { screen: 'prepare', label: 'Prepare' },
  { screen: 'sessions', label: 'Sessions' },
  { screen: 'posts', label: 'Posts' },
  { screen: 'accounts', label: 'Accounts' },
  { screen: 'preferences', label: 'Preferences' },
] as const;

export type Screen = (typeof SCREENS)[number]['screen'];
