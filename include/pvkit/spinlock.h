/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks.  The _irqsave forms mask interrupts through the patched irq
 * ops first, so an interrupt handler on the same CPU cannot spin on a lock
 * its own CPU holds.  Waiting goes through the spin_wait op: on a
 * hypervisor the holder may be a vCPU that is not running.
 */
#ifndef PVKIT_SPINLOCK_H
#define PVKIT_SPINLOCK_H

#include <pvkit/arch.h>

typedef struct {
	unsigned int locked;
} spinlock_t;

static inline bool spin_trylock(spinlock_t *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_lock(spinlock_t *l)
{
	while (!spin_trylock(l))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			arch_spin_wait();
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long flags = arch_local_irq_save();

	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	spin_unlock(l);
	arch_local_irq_restore(flags);
}

#endif
