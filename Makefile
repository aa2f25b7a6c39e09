# The two commands that matter: `make start` and `make test`. See README.md.
SHELL := /bin/bash
export DATABASE_URL ?= postgres://127.0.0.1:5432/realtime
NPM_INSTALL := $(if $(filter true,$(CI)),npm ci,npm install) --no-audit --no-fund
MIGRATE := npx node-pg-migrate --migrations-dir migrations --migrations-table pgmigrations

.PHONY: start test install services build migrate-up migrate-down migrate-create seed admin bench compose-check clean

## Install dependencies, start PostgreSQL/Redis/NATS if they are stopped, migrate, run every service.
start: install services
	npm start

## Install dependencies, start the backing services if needed, run type check, architecture rules and every test.
test: install services
	npm test

install:
	$(NPM_INSTALL)

## Start whichever of PostgreSQL, Redis, NATS (JetStream) is not answering; say what is missing otherwise.
services:
	bash scripts/ensure-services.sh

build:
	npm run build

## Apply pending migrations (creates the database first when it does not exist).
migrate-up: build
	node dist/bin/migrate.js up

## Roll back the last migration.
migrate-down: build
	node dist/bin/migrate.js down

## New migration file: make migrate-create NAME=add-rooms
migrate-create:
	@test -n "$(NAME)" || (echo "usage: make migrate-create NAME=<what-it-does>" >&2; exit 1)
	$(MIGRATE) create $(NAME) --migration-file-language js

## Demo data, idempotent: users alice, bob, carol and admin (the admin role; password: password123), a ticketed event,
## rooms general (public) and team (private, alice+bob) with 20 messages each, follows, posts, likes; then a search reindex.
seed: migrate-up
	node dist/bin/seed.js

## Give a user the admin role (the ops page at /admin): make admin USER=alice
# USER is also the login name in every shell's environment: only one given on the command line counts.
admin: migrate-up
	@test "$(origin USER)" = "command line" || (echo "usage: make admin USER=<username>" >&2; exit 1)
	node dist/bin/user-role.js "$(USER)" admin

bench:
	npm run bench:auth-validate

## Validate docker-compose.yml (needs Debian's docker-compose package, no engine).
compose-check:
	docker-compose config -q

clean:
	rm -rf dist bench/results
