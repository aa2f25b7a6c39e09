# One image for every service; SERVICE picks which one runs (all, auth, …).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY bin ./bin
COPY shared ./shared
COPY auth ./auth
COPY ws-producer ./ws-producer
COPY ws-consumer ./ws-consumer
COPY bench ./bench
COPY proto ./proto
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production SERVICE=all
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
COPY proto ./proto
COPY migrations ./migrations
USER node
# Migrations run first in every container; node-pg-migrate's advisory lock makes that safe.
CMD ["sh", "-c", "exec node dist/bin/start.js \"$SERVICE\""]
