// Prints, as JSON, the `__provider` text Pulumi's closure serializer makes for a provider object, under plain Node,
// where the serializer finds packages in require.cache. This directory has a package.json of its own, so
// "pulumi-tencent-chat" resolves from node_modules here exactly as in a user's project.
//
//   node print-provider.js friendRelation|friendSet        the provider every resource of that kind shares
//   node -r ts-node/register/transpile-only print-provider.js --module FILE EXPORT   a factory's provider
const pulumi = require("@pulumi/pulumi");

const kinds = {
  friendRelation: "pulumi-tencent-chat/dist/provider/host/friend-relation.js",
  friendSet: "pulumi-tencent-chat/dist/provider/host/friend-set.js",
  account: "pulumi-tencent-chat/dist/provider/host/account.js",
};

function providerFor(args) {
  if (args[0] === "--module") return require(args[1])[args[2]]();
  if (!Object.hasOwn(kinds, args[0])) throw new Error(`unknown provider kind ${args[0]}`);
  return require(kinds[args[0]]);
}

Promise.resolve()
  .then(() => {
    const provider = providerFor(process.argv.slice(2));
    return pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  })
  .then(
    (serialized) =>
      process.stdout.write(JSON.stringify({ text: serialized.text, containsSecrets: serialized.containsSecrets })),
    (error) => {
      process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    },
  );
