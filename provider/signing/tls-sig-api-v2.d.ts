// The official signer ships no types; this is the part of its surface we use (tls-sig-api-v2 1.0.2).
declare module "tls-sig-api-v2" {
  export class Api {
    constructor(sdkappid: number, key: string);
    /** A UserSig for `userid`, valid for `expire` seconds from now (it reads Date.now() itself). */
    genUserSig(userid: string, expire: number): string;
  }
}
