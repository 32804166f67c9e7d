# Thin wrappers over npm scripts: `make test` == `npm test`.
.PHONY: install format lint typecheck test train serve drift docker clean bench

install:
	npm ci
format:
	npm run format
lint:
	npm run lint
typecheck:
	npm run typecheck
test:
	npm test
train:
	npx mlx train
serve:
	npx mlx serve
drift:
	npx mlx drift
docker:
	npm run docker-build
bench:
	npm run bench
clean:
	rm -rf dist coverage oclif.manifest.json data/processed runs models var .mlx reports/drift reports/evaluate
