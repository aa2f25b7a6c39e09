// Every test file runs in its own module registry: tsyringe needs the metadata polyfill first.
import 'reflect-metadata';
