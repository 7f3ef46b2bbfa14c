// Stands in for the `debug` package in the CLI bundle (cli.vite.config.ts). file-type's zip reader
// (@tokenizer/inflate) creates a `debug` logger when it loads, and the real package then loads tty and util
// and asks supports-color about the terminal, in every command that inspects a file, for messages no one
// reads (they would need DEBUG=tokenizer:* and a wish to debug a zip reader). This logger says nothing.
export default function createDebug(): (...args: unknown[]) => void {
  return () => undefined;
}
