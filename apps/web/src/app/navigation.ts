/** Only same-site paths: `from=//evil.example` or `from=https://…` fall back to home. */
export function safeReturnPath(from: string | null): string {
  return from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/\\') ? from : '/';
}
