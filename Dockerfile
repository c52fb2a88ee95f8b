# syntax=docker/dockerfile:1
# One image for every service of the pipeline (scorer, traffic, analyst, topics job).
# Build from the repository root:
#   docker build -t fraud-pipeline:$(git rev-parse --short HEAD) .
# Run the scorer (the default command):
#   docker run --rm -e KAFKA_BROKERS=kafka:9092 -e REDIS_URL=redis://redis:6379 -p 9464:9464 fraud-pipeline:<tag>
# Other services: override the command, e.g.
#   docker run --rm fraud-pipeline:<tag> services/traffic/src/cli/simulate.ts --help
#   docker run --rm fraud-pipeline:<tag> infra/topics.ts
# The services are TypeScript run by tsx (no build step in the repo); the image carries
# the production dependencies from the lockfile plus tsx and its esbuild.
# test/ops/dockerfile.test.ts checks this file statically (no Docker engine in CI).

ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: production node_modules, exactly from the lockfile ------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared/cases/package.json shared/cases/
COPY shared/contracts/package.json shared/contracts/
COPY shared/drift/package.json shared/drift/
COPY shared/platform/package.json shared/platform/
COPY shared/rules/package.json shared/rules/
COPY services/analyst/package.json services/analyst/
COPY services/api/package.json services/api/
COPY services/console/package.json services/console/
COPY services/demo/package.json services/demo/
COPY services/rules/package.json services/rules/
COPY services/scorer/package.json services/scorer/
COPY services/traffic/package.json services/traffic/
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# --- tools: the full install, only to take tsx (a devDependency) at its locked version ---
FROM ${NODE_IMAGE} AS tools
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared/cases/package.json shared/cases/
COPY shared/contracts/package.json shared/contracts/
COPY shared/drift/package.json shared/drift/
COPY shared/platform/package.json shared/platform/
COPY shared/rules/package.json shared/rules/
COPY services/analyst/package.json services/analyst/
COPY services/api/package.json services/api/
COPY services/console/package.json services/console/
COPY services/demo/package.json services/demo/
COPY services/rules/package.json services/rules/
COPY services/scorer/package.json services/scorer/
COPY services/traffic/package.json services/traffic/
RUN npm ci --no-audit --no-fund --loglevel=error --ignore-scripts

# --- runtime --------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    KAFKAJS_NO_PARTITIONER_WARNING=1 \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=9464
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=tools /app/node_modules/tsx ./node_modules/tsx
COPY --from=tools /app/node_modules/esbuild ./node_modules/esbuild
COPY --from=tools /app/node_modules/@esbuild ./node_modules/@esbuild
COPY package.json tsconfig.json tsconfig.base.json ./
COPY schemas ./schemas
COPY shared ./shared
COPY services ./services
COPY infra/topics.ts ./infra/topics.ts
COPY infra/topics ./infra/topics
# The code is owned by root and read-only to the service user.
USER node
EXPOSE 9464
# Kubernetes probes the same endpoints (infra/k8s); this is for docker and compose.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||9464)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The scorer drains, commits and closes on SIGTERM (services/scorer/src/main.ts).
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "--import", "tsx"]
CMD ["services/scorer/src/main.ts"]
