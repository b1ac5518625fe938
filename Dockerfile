# The BFF (serving the SPA) as a container image for production: it runs against an existing engine and
# PostgreSQL, configured entirely by environment variables (see the README's "Production" section).
# Not built here: these machines have no container engine and no registry for the base image. CI checks
# this file instead (scripts/dockerfile.test.ts: every copied path exists, the commands it runs are npm
# scripts, the Node version matches package.json).
#
# Moving to Node 22 or 24 is this one line.
ARG NODE_VERSION=20

# Build the SPA with the dev dependencies, then throw them away.
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY index.html vite.config.ts tsconfig.json ./
COPY public ./public
COPY src ./src
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    WORKBENCH_HOST=0.0.0.0 \
    WORKBENCH_PORT=3000 \
    WEB_DIST=/app/dist/web
WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only; tsx is one of them (the BFF runs its TypeScript without a separate build step).
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY src/server ./src/server
COPY src/contracts ./src/contracts
# db:migrate (the one-off migration step run as the database owner) and its helpers.
COPY scripts ./scripts
# The ops catalog (workflows/**/ops, workflows/shared); mount your own over it with CATALOG_DIR.
COPY workflows ./workflows
COPY --from=build /app/dist/web ./dist/web
# The image runs as an unprivileged user and writes nothing to its own file system: the read model lives in
# PostgreSQL (DATABASE_URL) and the audit checkpoints go to a mounted volume (AUDIT_CHECKPOINT_DIR).
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.WORKBENCH_PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["npm", "run", "bff"]
