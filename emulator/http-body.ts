import type { IncomingMessage, ServerResponse } from "node:http";

/** What reading a request body gave: the bytes, a body over the cap (not kept), or a client that went away. */
export type BodyRead = { kind: "ok"; raw: Buffer } | { kind: "tooLarge" } | { kind: "aborted" };

/**
 * Reads a request body of at most `maxBytes`. A `Content-Length` over the cap is refused before a byte is read; a
 * body that grows past it (chunked) stops being read at the cap, and nothing past it is kept. A client that
 * disconnects mid-body gives `aborted`, never an error: it is not the emulator's fault. With `expectsContinue` the
 * client waits for `100 Continue`, sent only once the body is really wanted.
 */
export function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
  expectsContinue: boolean,
): Promise<BodyRead> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) return Promise.resolve({ kind: "tooLarge" });
  if (expectsContinue) res.writeContinue();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyRead) => {
      if (settled) return;
      settled = true;
      req.off("data", onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop reading: the answer closes the connection, so the rest is never buffered.
        req.pause();
        settle({ kind: "tooLarge" });
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => settle({ kind: "ok", raw: Buffer.concat(chunks) }));
    req.once("error", () => settle({ kind: "aborted" }));
    req.once("close", () => settle({ kind: "aborted" }));
  });
}

/** How long a connection whose body was refused keeps discarding what still arrives before it is closed. */
const LINGER_MS = 1000;

/**
 * The body was not (entirely) read: answer with `Connection: close` instead of reading the rest. Closing a socket
 * with unread data makes the kernel send a reset, which can wipe the answer before the client reads it; so the
 * close lingers (as nginx's lingering_close does): send FIN after the answer, discard what keeps coming for up to
 * a second, then close. Node's server calls `destroySoon()` once a `Connection: close` answer is written.
 */
export function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete || res.headersSent) return;
  res.setHeader("Connection", "close");
  const socket = req.socket;
  socket.destroySoon = () => {
    socket.end();
    req.resume();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once("end", () => socket.destroy());
    socket.once("close", () => clearTimeout(timer));
  };
}
