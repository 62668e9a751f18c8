# syntax=docker/dockerfile:1
#
# iaTichet: one image that serves the API, the web app and Socket.IO on one port.
#   docker build -t iatichet .
#   docker run -p 3000:3000 -v iatichet-data:/app/data iatichet
# Without DATABASE_URL it uses SQLite under /app/data; set DATABASE_URL / REDIS_URL to scale out
# (see docker-compose.yml and RUNNING.md). The app reads only its real environment, never a .env file.

# ---------------------------------------------------------------------------------------------------
# build: full install (dev dependencies included), build server bundle and web app, then drop dev deps.
FROM node:20-bookworm-slim AS build

# better-sqlite3 is a native addon: node-gyp needs these when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Manifests first: the npm ci layer is reused until a dependency changes.
COPY package.json package-lock.json .npmrc ./
COPY packages/contracts/package.json packages/contracts/package.json
COPY server/package.json server/package.json
COPY web/package.json web/package.json
RUN --mount=type=cache,target=/root/.npm \
    npm ci

COPY . .
# server/dist/main.js (esbuild bundle; npm packages stay external) and web/dist/ (Vite).
RUN node scripts/build.mjs --force \
 && test -f server/dist/main.js \
 && test -f web/dist/index.html

# Remove dev dependencies in place. Pruning (rather than a second `npm ci --omit=dev`) keeps the
# better-sqlite3 addon compiled above instead of building it again. The web app's dependencies
# (React, MUI, ...) are already bundled into web/dist, so they are dropped too (about 240 MB):
# this build stage's copy of web/package.json forgets them first, and that file does not ship.
RUN npm pkg delete dependencies --workspace web \
 && npm prune --omit=dev \
 && node -e "require('better-sqlite3')(':memory:').close()"

# ---------------------------------------------------------------------------------------------------
# runtime: production node_modules and build output only; no compiler, no sources, no npm run.
FROM node:20-bookworm-slim AS runtime

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data

WORKDIR /app

# Ticket PDFs print names in any script (Ștefan, Łukasz): DejaVu Sans, embedded as a subset.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

# Application files stay owned by root (read-only for the app); only the data directory is writable.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages/contracts/package.json ./packages/contracts/package.json
COPY --from=build /app/packages/contracts/src ./packages/contracts/src
COPY --from=build /app/server/package.json ./server/package.json
COPY --from=build /app/server/dist ./server/dist
COPY --from=build /app/web/dist ./web/dist

# Created and chowned before VOLUME: a new named volume copies this ownership, so the node user can
# write SQLite files, posters, generated keys and the email outbox there.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME /app/data

USER node
EXPOSE 3000

# Liveness only (/healthz); /readyz also checks the database. Slim images have no curl: use node.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node is PID 1 and handles SIGTERM itself (close-with-grace drains requests within ~9 s).
CMD ["node", "server/dist/main.js", "serve"]
