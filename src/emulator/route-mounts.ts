// Extension point for the emulator's API surface: each mount adds routes to a vendor's app and
// shares the same context (tokens, clock, data). OAuth and identity routes are built in.
import type { Hono } from 'hono';
import type { EmulatorContext } from './emulator-context.js';

export type RouteMount = (app: Hono, ctx: EmulatorContext) => void;
