/* Take/grant/revoke over one file F: the Promela twin of take-grant.ward (same state, same
 * commands, one transition per command instance), so that SPIN and Ward must find the same
 * number of reachable states, 8^N. N entities (N <= 8; spin -DN=7) on a ring; R[x] is x's
 * rights over F as a bit mask (1 read, 2 write, 4 execute). Every command is one d_step, so the
 * single process is always at the loop head and a state is exactly R.
 * The options are written for 8 entities; those of x >= N are never enabled ("x < N" is
 * false), and "% N" keeps every index in range even so. */
#ifndef N
#define N 6
#endif
#define SUCC(x) (((x) + 1) % N)

byte R[N] = 7;     /* everyone starts with every right */

#define TAKE(x, r)    :: d_step { (x < N && (R[SUCC(x)] & r)) -> R[x % N] = R[x % N] | r; assert(R[x % N] <= 7) }
#define GRANT(x, r)   :: d_step { (x < N && (R[x % N] & r)) -> R[SUCC(x)] = R[SUCC(x)] | r; assert(R[SUCC(x)] <= 7) }
#define REVOKE(x, r)  :: d_step { (x < N) -> R[SUCC(x)] = R[SUCC(x)] & (7 - r); assert(R[SUCC(x)] <= 7) }
#define RIGHTS(c, x)  c(x, 1) c(x, 2) c(x, 4)
#define ENTITY(x)     RIGHTS(TAKE, x) RIGHTS(GRANT, x) RIGHTS(REVOKE, x)

active proctype tg() {
  do
  ENTITY(0) ENTITY(1) ENTITY(2) ENTITY(3) ENTITY(4) ENTITY(5) ENTITY(6) ENTITY(7)
  od
}
