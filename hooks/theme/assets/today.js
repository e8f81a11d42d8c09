/* Family Handbook: what the practice views share about today: what comes next, and how far the
   stars have gone toward the reward, in the family's own words. */

import { tn, t } from "./words.js";

/* The first of today's activities not done yet, looking on from `currentId` in today's order; null when all are done. */
export function todaysNext(store, today, currentId) {
  const list = store.plannedOn(today);
  const at = list.findIndex(function (a) { return a.id === currentId; });
  const ordered = list.slice(at + 1).concat(list.slice(0, at + 1));
  return ordered.find(function (a) { return a.id !== currentId && !store.entry(today, a.id); }) || null;
}

/* The goal's progress (stars toward it, in words), and the small reward to give right away, where the plan has them. */
export function rewardProgress(store) {
  const rewards = store.family.rewards;
  const goal = rewards.goal;
  if (!goal) return { goal: null, toward: 0, label: "", small: rewards.small };
  const toward = store.towardGoal();
  const label = toward >= goal.stars ? t("goal_reached", { goal: goal.stars, reward: goal.reward })
    : tn("goal_progress", goal.stars, { toward: toward, reward: goal.reward });
  return { goal: goal, toward: toward, label: label, small: rewards.small };
}
