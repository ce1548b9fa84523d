/**
 * 127.0.0.0/8, ::1 and localhost, by host name (brackets and case ignored): names whose traffic never leaves the
 * machine. The client allows plain http only to them; the emulator answers only requests that name them when it
 * listens on one.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  const octets = host.split(".");
  return octets.length === 4 && octets[0] === "127" && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

/** Whether an `http://` URL's origin (an Origin header) or a `host[:port]` (a Host header) names loopback. */
export function namesLoopback(value: string, form: "origin" | "host"): boolean {
  let url: URL;
  try {
    url = new URL(form === "host" ? `http://${value}` : value);
  } catch {
    return false;
  }
  return url.protocol === "http:" && isLoopbackHost(url.hostname);
}
