import type { World } from '../state.js';

/**
 * State a service keeps beside the world, one per key (an account, or an account and Region):
 * created on first use, like a fresh AWS account or Region, and gone with the world it belongs to.
 */
export function perWorld<Key extends string[], T>(create: (world: World, ...key: Key) => T) {
  const states = new WeakMap<World, Map<string, T>>();
  return (world: World, ...key: Key): T => {
    let byKey = states.get(world);
    if (!byKey) {
      byKey = new Map();
      states.set(world, byKey);
    }
    const id = key.join('/');
    let state = byKey.get(id);
    if (state === undefined) {
      state = create(world, ...key);
      byKey.set(id, state);
    }
    return state;
  };
}
