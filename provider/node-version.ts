/**
 * The Node.js this package runs on: @pulumi/pulumi and undici need 22. Checked when the package is imported, so an
 * older Node stops at once with one line naming the version, instead of a TypeError deep inside a dependency.
 */
export const REQUIRED_NODE_MAJOR = 22;

const major = Number(process.versions.node.split(".")[0]);
if (major < REQUIRED_NODE_MAJOR) {
  process.stderr.write(
    `pulumi-tencent-chat needs Node.js ${REQUIRED_NODE_MAJOR} or newer; this is Node.js ${process.versions.node}\n`,
  );
  process.exit(1);
}
