export * from './context.ts'
export * from './brackets.ts'
export * from './proposals.ts'
export * from './comments.ts'
