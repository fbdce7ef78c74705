// qrcode-terminal 0.12 ships no types; only the call the channel makes is declared.
declare module 'qrcode-terminal' {
  const qrcodeTerminal: {
    generate(input: string, opts: { readonly small?: boolean }, cb: (qrcode: string) => void): void;
  };
  export default qrcodeTerminal;
}
