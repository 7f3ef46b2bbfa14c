// RFC 3986 percent-encoding as RFC 5849 §3.6 requires: only unreserved characters stay,
// everything else is UTF-8 encoded and written as upper-case %XX.
// encodeURIComponent leaves ! ' ( ) * unescaped, so those are fixed up here.

export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export function percentDecode(value: string): string {
  return decodeURIComponent(value);
}
