// Matryoshka's public API: re-exports only. Each folder's index.ts says what it holds.
import 'reflect-metadata';
export * from './requests';
export * from './pipeline';
export * from './processor';
export * from './steps';
export * from './core';
export * from './failover';
export * from './http';
export * from './socket';
export * from './client';
export * from './server';
export * from './bus';
export * from './dispatcher';
