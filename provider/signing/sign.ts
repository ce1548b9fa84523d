import { Api } from "tls-sig-api-v2";
import { Clock, systemClock } from "../clock";

export interface UserSigSourceOptions {
  sdkAppId: number;
  /** The app admin the UserSig is made for. */
  identifier: string;
  secretKey: string;
  /** Validity of each UserSig in seconds. Default 86400 (Tencent recommends at least 24 h). */
  ttlSeconds?: number;
  /** Make a new UserSig once less than this many seconds of validity remain. Default 3600. */
  renewBeforeSeconds?: number;
  clock?: Clock;
}

/** Hands out a cached admin UserSig, renewed well before it expires. Prints as `[UserSigSource]`, never its secrets. */
export interface UserSigSource {
  current(): string;
  /** Forget the cached UserSig, for example after the service answered 70001 (expired). */
  invalidate(): void;
}

export function createUserSigSource(options: UserSigSourceOptions): UserSigSource {
  const ttlSeconds = options.ttlSeconds ?? 86400;
  const renewBeforeSeconds = Math.min(options.renewBeforeSeconds ?? 3600, ttlSeconds / 2);
  const clock = options.clock ?? systemClock();
  // The key and the cached UserSig live only in this closure: nothing enumerable, printable or serializable holds them.
  const { sdkAppId, identifier, secretKey } = options;
  let cached: { userSig: string; renewAtMs: number } | undefined;
  const source: UserSigSource = {
    current() {
      const now = clock.now();
      if (!cached || now >= cached.renewAtMs) {
        const userSig = new Api(sdkAppId, secretKey).genUserSig(identifier, ttlSeconds);
        cached = { userSig, renewAtMs: now + (ttlSeconds - renewBeforeSeconds) * 1000 };
      }
      return cached.userSig;
    },
    invalidate() {
      cached = undefined;
    },
  };
  Object.defineProperty(source, "toString", { value: () => "[UserSigSource]", enumerable: false });
  Object.defineProperty(source, "toJSON", { value: () => "[UserSigSource]", enumerable: false });
  return source;
}
