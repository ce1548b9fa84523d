/**
 * The provider object every Account shares. This file's whole export IS that object, so that Pulumi records
 * `require("pulumi-tencent-chat/dist/provider/host/account.js")` in state instead of its code. The path is part of
 * the package's contract: state written by any version names it (keep it in package.json `exports`).
 */
import { shimFor } from "./shim";

export = shimFor("account");
