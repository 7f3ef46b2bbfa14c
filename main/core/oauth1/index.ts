export * from './percent-encode.ts';
export * from './sign.ts';
export * from './header.ts';
