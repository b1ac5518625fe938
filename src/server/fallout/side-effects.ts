/** What a worker's step does to the world outside the engine; decides how dangerous a repeat is. */
export type SideEffectClass = 'none' | 'read' | 'notification' | 'document' | 'inventory' | 'money' | 'contract';
