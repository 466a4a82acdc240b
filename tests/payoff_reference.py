"""Independent reference implementation of the debt-payoff simulator, for tests only.

It is deliberately simple (one straightforward month loop) and shares no code with
``oltre_finance``, so tests can compare the production simulator against it.

Rules (exact, to the cent):

1. Quantities are Decimal; round_half_up(x) = x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).
2. A debt with balance 0 at the start is paid off at month 0 and has no rows.
3. Month m = 1, 2, ... up to ``horizon``. For each debt still open (balance > 0), in input order:
   interest = round_half_up(balance * (annual_rate / 12)), the monthly rate computed first in the
   default decimal context (as an amortisation schedule does); due = balance + interest.
4. Minimum of each open debt:
   fixed -> min(amount, due);
   percent -> min(due, max(floor, round_half_up(fraction * due)));
   plan -> min(instalment, due); a plan ("plan", instalment, months) pays the whole due in month
   ``months`` (its last instalment absorbs the rounding, as in a schedule).
5. available = budget + extra_payments.get(m, 0). M = sum of minimums.
   If available >= M: leftover = available - M, no shortfall.
   Else: shortfall[m] = M - available, leftover = 0 (minimums are paid anyway).
6. If strategy == "minimums_only": the leftover is not used (it goes to unallocated).
   Otherwise the leftover goes to targets in the target order: for each open debt in that order,
   skipping debts with the "plan" rule (they can never receive extra), extra = min(leftover, due - minimum);
   leftover -= extra. Whatever is left after all debts goes to unallocated[m] (if > 0).
7. Target order (decided once, at the start, from the starting balances; "plan" debts excluded):
   - avalanche: sort by (-annual_rate, input index);
   - snowball: sort by (starting balance, -annual_rate, input index);
   - custom: the names in ``order`` first, in that order; debts not named come after,
     sorted by (priority if not None else infinity, input index);
   - for avalanche and snowball only, if arrears_first: debts whose kind is one of
     "rent_arrears", "bill_arrears", "tax_arrears" come before all others, sorted among
     themselves by the same key.
8. payment = minimum + extra; principal = payment - interest (may be negative when the payment
   does not cover the interest); new balance = due - payment. Append the row
   (m, name, payment, interest, principal, new balance). If the new balance is 0, paid_off[name] = m.
9. Stop after the month in which every balance is 0, or after month ``horizon``. Debts still open
   at the end have paid_off None and then debt_free_month is None; otherwise debt_free_month =
   max of paid_off months (0 when there are no debts or all start at 0).
"""

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
CENT = Decimal("0.01")
ARREARS_KINDS = ("rent_arrears", "bill_arrears", "tax_arrears")
STRATEGIES = ("avalanche", "snowball", "custom", "minimums_only")


def round_half_up(x):
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def minimum_payment(rule, due, month):
    """Rule 4: the minimum payment of one open debt, given its due amount this month."""
    if rule[0] == "fixed":
        amount = rule[1]
        return min(amount, due)
    if rule[0] == "percent":
        fraction, floor = rule[1], rule[2]
        return min(due, max(floor, round_half_up(fraction * due)))
    if rule[0] == "plan":
        instalment = rule[1]
        last_month = rule[2] if len(rule) > 2 else None
        if last_month is not None and month >= last_month:
            return due
        return min(instalment, due)
    raise ValueError(f"unknown rule {rule!r}")


def target_order(debts, strategy, order, arrears_first):
    """Rule 7: indices of the debts that may receive extra money, in the order they receive it."""
    candidates = [i for i, d in enumerate(debts) if d["rule"][0] != "plan"]

    if strategy == "minimums_only":
        return []

    if strategy == "custom":
        named = []
        for name in order or []:
            for i in candidates:
                if debts[i]["name"] == name and i not in named:
                    named.append(i)
        rest = [i for i in candidates if i not in named]

        def priority_key(i):
            priority = debts[i]["priority"]
            return (priority if priority is not None else float("inf"), i)

        rest.sort(key=priority_key)
        return named + rest

    if strategy == "avalanche":

        def key(i):
            return (-debts[i]["annual_rate"], i)

    elif strategy == "snowball":

        def key(i):
            return (debts[i]["balance"], -debts[i]["annual_rate"], i)

    else:
        raise ValueError(f"unknown strategy {strategy!r}")

    if arrears_first:
        arrears = sorted([i for i in candidates if debts[i]["kind"] in ARREARS_KINDS], key=key)
        others = sorted([i for i in candidates if debts[i]["kind"] not in ARREARS_KINDS], key=key)
        return arrears + others
    return sorted(candidates, key=key)


def reference_payoff(debts, budget, *, strategy, order=None, extra_payments=None, arrears_first=True, horizon=600):
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}")
    extra_payments = extra_payments or {}

    names = [d["name"] for d in debts]
    balances = [d["balance"] for d in debts]
    paid_off = {name: None for name in names}
    interest_by_name = {name: ZERO for name in names}
    rows = []
    shortfall = {}
    unallocated = {}

    # Rule 2: debts that start at zero are paid off at month 0.
    for i, name in enumerate(names):
        if balances[i] == 0:
            paid_off[name] = 0

    targets = target_order(debts, strategy, order, arrears_first)

    month = 0
    while month < horizon and any(b > 0 for b in balances):
        month += 1
        open_debts = [i for i in range(len(debts)) if balances[i] > 0]

        # Rules 3 and 4: interest, due amount and minimum for each open debt.
        interest = {}
        due = {}
        minimum = {}
        for i in open_debts:
            interest[i] = round_half_up(balances[i] * (debts[i]["annual_rate"] / 12))
            due[i] = balances[i] + interest[i]
            minimum[i] = minimum_payment(debts[i]["rule"], due[i], month)

        # Rule 5: what is left after the minimums (or how far short of them we are).
        available = budget + extra_payments.get(month, ZERO)
        total_minimums = sum(minimum.values(), ZERO)
        if available >= total_minimums:
            leftover = available - total_minimums
        else:
            shortfall[month] = total_minimums - available
            leftover = ZERO

        # Rule 6: hand the leftover to the targets in order.
        extra = {i: ZERO for i in open_debts}
        if strategy != "minimums_only":
            for i in targets:
                if i not in extra or debts[i]["rule"][0] == "plan":
                    continue
                extra[i] = min(leftover, due[i] - minimum[i])
                leftover -= extra[i]
        if leftover > 0:
            unallocated[month] = leftover

        # Rule 8: apply the payments, in input order.
        for i in open_debts:
            payment = minimum[i] + extra[i]
            principal = payment - interest[i]
            balances[i] = due[i] - payment
            interest_by_name[names[i]] += interest[i]
            rows.append((month, names[i], payment, interest[i], principal, balances[i]))
            if balances[i] == 0:
                paid_off[names[i]] = month

    # Rule 9.
    still_open = any(when is None for when in paid_off.values())
    debt_free_month = None if still_open else max(paid_off.values(), default=0)

    return {
        "paid_off": paid_off,
        "total_interest": sum(interest_by_name.values(), ZERO),
        "interest": interest_by_name,
        "debt_free_month": debt_free_month,
        "rows": rows,
        "shortfall": shortfall,
        "unallocated": unallocated,
    }
