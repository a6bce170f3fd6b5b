# LoadLens image: bot + web + workers (the command picks the role).
FROM node:20-bookworm-slim
# Chromium renders PDF exports; DejaVu is also bundled in assets/ for charts.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-dejavu-core ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*
ENV PUPPETEER_SKIP_DOWNLOAD=true CHROMIUM_PATH=/usr/bin/chromium NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev
USER node
ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/loadlens.js"]
CMD ["serve"]
