# mlx container images (see the README's Docker section and docs/deploy-gcp.md). Targets:
#   serve (default)  the HTTP API on $PORT (8080), model bundle in /app/model, prediction store in /app/var
#   train            the training pipeline on the shipped example data (`mlx pipeline` by default)
# The serve image gets its model either baked in at build time (`--build-arg MODEL_DIR=runs/<id>/model`, a bundle
# directory inside the build context) or mounted at run time on /app/model (a mount hides a baked one).
#
# Written for speed with the classic builder on the vfs storage driver (this project's CI), where every
# instruction copies the whole filesystem: few instructions, and the metadata ones (ENV, USER, ...) placed in
# `FROM scratch` stages before the files arrive, where they cost nothing. The classic builder builds every stage
# up to the target, hence the order. BuildKit (GitHub's runners) builds only the stages a target needs; it was
# not available on the development machine to try.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: compile src/ to dist/ + the oclif manifest with all dependencies, then assemble /out: the app with
# production dependencies only (pruned without running scripts: the package's `prepare` script needs dev
# dependencies, and dist/ is already built), minus what Node never loads at run time (source maps, type
# declarations, docs, the browser bundles of tfjs except the one `mlx models export --format web` ships).
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# Only what the build needs, so that new runs/ or models/ in the context do not invalidate the cached build.
COPY package.json package-lock.json tsconfig.json tsconfig.build.json mlx.config.yaml ./
COPY scripts/build.js scripts/build.js
COPY configs configs
COPY bin bin
COPY src src
# The browser page that `mlx models export --format web` copies next to the model.
COPY assets assets
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && node scripts/build.js --clean \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \
      -o -iname '*.md' -o -iname 'CHANGELOG*' \) -delete \
 && find node_modules -type d -name miniprogram -prune -exec rm -rf {} + \
 && find node_modules/@tensorflow -type f \( -name '*.es2017.js' -o -name '*.fesm.js' -o -name '*.min.js' \) \
      ! -path '*/@tensorflow/tfjs/dist/tf.min.js' -delete \
 && chmod 0755 bin/run.js \
 && mkdir -p /out \
 && mv package.json mlx.config.yaml configs bin dist assets oclif.manifest.json node_modules /out/ \
 && rm -rf /root/.npm

# ---- os: the Node base without what a runtime never needs (npm, npx, corepack, yarn, C headers, docs, apt
# lists), plus the folders that the non-root `node` user (uid 1000) writes to; the app's code stays owned by
# root. Copied whole into the targets below, which flattens it into one layer so that the deletions shrink them.
FROM ${NODE_IMAGE} AS os
RUN rm -rf /usr/local/include /usr/local/share/doc /usr/local/share/man /usr/local/lib/node_modules \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn* /usr/local/bin/yarn* \
      /usr/share/doc/* /usr/share/man/* /usr/share/info/* /var/lib/apt/lists/* /var/cache/apt/* /tmp/* \
 && mkdir -p /app/var /app/model /app/runs /app/models /app/reports /app/data/processed /app/.mlx \
 && chown node:node /app/var /app/model /app/runs /app/models /app/reports /app/data /app/data/processed /app/.mlx \
 && ln -s /app/bin/run.js /usr/local/bin/mlx

# ---- model: the bundle baked into the serve image. The default folder holds only a README, so an image built
# without MODEL_DIR needs a bundle mounted on /app/model (`mlx serve` refuses to start without one).
FROM scratch AS model
ARG MODEL_DIR=deploy/model
COPY ${MODEL_DIR} /

# ---- train: the CLI plus the example data (`mlx pipeline` by default). Writes runs/, models/, data/processed/,
# reports/ and the data lock under /app: mount volumes there to keep them. Run it with `docker run --init`.
FROM scratch AS train
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    NODE_ENV=production \
    MLX_LOGGING__FORMAT=json
WORKDIR /app
ENTRYPOINT ["mlx"]
CMD ["pipeline"]
COPY --from=os / /
COPY --from=build /out /app
COPY --chown=node:node data /app/data
RUN chown node:node /app
USER node

# ---- serve (default target): the API on all interfaces on $PORT (8080; Cloud Run sets PORT), the model in
# /app/model, the prediction store in /app/var (mount a volume there to keep it). SIGTERM drains requests,
# flushes the store and exits 0. The HEALTHCHECK needs no curl: Node's fetch asks /health.
FROM scratch AS serve
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    NODE_ENV=production \
    MLX_LOGGING__FORMAT=json \
    MLX_SERVE__HOST=0.0.0.0 \
    MLX_SERVE__MODEL=/app/model \
    PORT=8080
WORKDIR /app
USER node
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["mlx"]
CMD ["serve"]
COPY --from=os / /
COPY --from=build /out /app
COPY --from=model --chown=node:node / /app/model/
