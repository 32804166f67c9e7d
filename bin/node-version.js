// mlx needs Node.js 24 (node:sqlite for the prediction store; native TypeScript for scripts/). This
// runs before oclif or any command loads, so an older Node stops every command at once with what to
// do, instead of a confusing failure later in one of them. Keep it to syntax old Node versions parse.
const REQUIRED = 24;

/** Exits 2 with a message naming the version found when the running Node.js is older than mlx needs. */
export function requireNode(version) {
  const major = Number(String(version).replace(/^v/, '').split('.')[0]);
  if (major >= REQUIRED) return;
  process.stderr.write(
    `Error: mlx needs Node.js ${REQUIRED} or newer; this is Node.js ${version} (${process.execPath}).\n` +
      `Hint: install Node.js ${REQUIRED} LTS and run mlx with it: \`nvm install ${REQUIRED} && nvm use ${REQUIRED}\` ` +
      `(or \`fnm use ${REQUIRED}\`, or https://nodejs.org/en/download), then check \`node -v\`.\n`,
  );
  process.exit(2);
}
