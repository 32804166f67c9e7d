/**
 * `Dockerfile` + `.dockerignore`: an image that trains the model at build time (`mlx pipeline`: the
 * data and config in the build context decide it) and serves it on $PORT as a non-root user.
 */
export function dockerFiles(): Record<string, string> {
  return {
    Dockerfile: `# The model is trained while the image builds, so the image is the code, the data and the exact
# model it serves. Build: docker build -t my-model .   Run: docker run --rm -p 8080:8080 my-model
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json* ./
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund
COPY . .
RUN npx mlx pipeline

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=8080
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \\
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node_modules/.bin/mlx"]
CMD ["serve", "--host", "0.0.0.0"]
`,
    '.dockerignore': ['node_modules', 'runs', 'models', 'reports', 'var', '.mlx', 'data/processed', '.git', ''].join(
      '\n',
    ),
  };
}
