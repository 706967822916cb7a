declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
