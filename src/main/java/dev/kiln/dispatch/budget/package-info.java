/**
 * Provider capacity as budgets per provider account, shared by every replica through PostgreSQL: slots held
 * from a create call until the provider task ends, pauses (Retry-After) and a request-rate token bucket. The
 * public face is {@link dev.kiln.dispatch.budget.AccountBudgets}; the dispatcher waits for
 * {@link dev.kiln.dispatch.budget.AccountBudgets#RELEASED_CHANNEL} when a take is refused.
 */
package dev.kiln.dispatch.budget;
