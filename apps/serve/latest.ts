import type { Observable } from 'rxjs';

/** The value a state stream (a BehaviorSubject underneath) holds now, if any. */
export function latestOf<T>(source$: Observable<T>): T | undefined {
  let value: T | undefined;
  source$.subscribe((v) => (value = v)).unsubscribe();
  return value;
}
