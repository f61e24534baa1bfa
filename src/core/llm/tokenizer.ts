// The entry of dist/tokenizer.js: gpt-tokenizer's BPE ranks (2.7 MB of JavaScript) in a bundle of their own, loaded
// on the first token estimate instead of with the extension or the CLI.
export { countTokens } from 'gpt-tokenizer';
