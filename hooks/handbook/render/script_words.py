"""Every word the page scripts show, as catalog messages: they travel to the browser in the page's JSON data.

The scripts hold keys, never English. A message is ``N_("text")``, or a pair ``(N_("one"), N_("many"))``
for a count; placeholders are ``%(name)s`` (``%(count)s`` for the count), filled in by the script.
Each group is what one script needs; a page carries the groups of the scripts it loads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .vocabulary import N_

Message = str | tuple[str, str]

SCRIPT_WORDS: dict[str, dict[str, Message]] = {
    # handbook.js: the home page and the activity pages
    "page": {
        "next": N_("Next"),  # before the next check-in in the home page's list
        "home_problem": N_("There is a problem with the saved stars. Open the star chart to see it."),
        "home_no_stars": N_("No stars yet. Tick today’s practice to earn the first one."),
        "home_no_stars_goal": (N_("No stars yet. Tick today’s practice to earn the first one. "
                                  "%(count)s star: %(reward)s."),
                               N_("No stars yet. Tick today’s practice to earn the first one. "
                                  "%(count)s stars: %(reward)s.")),
        "stars_so_far": (N_("★ %(count)s star so far."), N_("★ %(count)s stars so far.")),
        # Translators: %(toward)s of the goal's %(goal)s stars are already there
        "home_stars_goal": (N_("★ %(count)s star so far. %(toward)s of %(goal)s toward: %(reward)s."),
                            N_("★ %(count)s stars so far. %(toward)s of %(goal)s toward: %(reward)s.")),
        "done_saved": (N_("Saved. Well done! %(count)s star so far."), N_("Saved. Well done! %(count)s stars so far.")),
        "done_removed": N_("Tick removed."),
        # Translators: on the home page, when some of today's activities are ticked: "1 of 3 done"
        "today_count": (N_("%(count)s of %(total)s done"), N_("%(count)s of %(total)s done")),
        "today_all_done": N_("All done today. Well done!"),
        "today_page": N_("Today"),  # where "Next" leads after the last of today's activities
    },
    # log_store.js: the stars kept in this browser, on every page that shows them
    "store": {
        # why a saved copy was refused: the %(reason)s of "import_refused"
        "file_not_chart": N_("It is not a saved star chart."),
        "file_other_handbook": N_("It is not a saved star chart from this handbook."),
        "file_newer": N_("It was saved by a newer version of the handbook. Ask %(therapist)s for help."),
        "file_other_child": N_("It belongs to another child’s handbook."),
        "file_part_missing": N_("Part of it is missing."),
        "file_bad_practice": N_("Practice number %(number)s in it is damaged."),
        "file_bad_reward": N_("Reward number %(number)s in it is damaged."),
        "store_not_allowed": N_("This browser is not letting the page keep the stars. Ticks last only while "
                                "this page is open. Use your usual browser, not a private window."),
        "store_no_room": N_("The stars saved on this phone could not be read, and there is no room to keep a copy. "
                            "Nothing was deleted. Please show this page to %(therapist)s."),
        "store_full": N_("The phone is out of space, so the last tick was not saved."),
        "import_unreadable": N_("This file could not be read. Choose the .json file you saved from this star chart. "
                                "Nothing was changed."),
        # Translators: %(reason)s is one of the sentences above ("It is not a saved star chart.")
        "import_refused": N_("This file was not loaded. %(reason)s Nothing was changed."),
        "import_not_saved": N_("The stars could not be saved on this phone. Nothing was changed."),
    },
    # offline.js: the copy of the site kept on the phone, and its updates
    "offline": {
        "update_ready": N_("%(therapist)s has updated the plan."),
        "update_show": N_("Show the new plan"),
        # Translators: shown once, on the first page opened after the therapist changed the plan
        "updated": N_("Updated plan from %(therapist)s."),
        "gone": N_("This link no longer works. Ask %(therapist)s for the new one. "
                   "Your stars are still kept on this phone, and they will show at the new link."),
        "notice_close": N_("Close"),
    },
    # plan_marks.js: on the home page, a badge on each activity new or changed since this phone last saw the plan
    "marks": {
        "mark_new": N_("New"),
        "mark_changed": N_("Changed"),
    },
    # keep_notice.js: after the first tick, once, how to keep the handbook on this phone's home screen
    "keep": {
        # Translators: %(icon)s is the Share button's picture, drawn in the line; "Share" and "Add to Home Screen"
        # are what iPhone and iPad call them
        "keep_ios": N_("Keep this on your phone: tap Share %(icon)s, then Add to Home Screen."),
        "keep_install": N_("Keep this on your phone: add it to your home screen."),
        "keep_install_button": N_("Add to home screen"),
        "keep_other": N_("Keep this on your phone: in the browser’s menu, add it to your home screen, or add a "
                         "bookmark."),
        "keep_why": N_("It keeps %(child)s’s star chart safe on this phone."),
        "keep_close": N_("Close"),
    },
    # practice.js and child_view.js: doing today's practice, for the parent and for the child
    "practice": {
        "timer_start": N_("Start"),
        "timer_pause": N_("Pause"),
        "timer_go_on": N_("Go on"),
        # Translators: %(time)s is the time left on the countdown, e.g. "1:45"
        "timer_left": N_("%(time)s left"),
        "timer_minutes_left": (N_("%(count)s minute left."), N_("%(count)s minutes left.")),
        "timer_up": N_("Time is up. Well done!"),
        "star_earned": N_("A star for %(child)s!"),
        # Translators: the stars saved up toward the goal, e.g. "13 of 20 stars: Trip to the playground";
        # the plural form goes by the goal's stars (%(count)s)
        "goal_progress": (N_("%(toward)s of %(count)s star: %(reward)s"),
                          N_("%(toward)s of %(count)s stars: %(reward)s")),
        "goal_reached": N_("%(goal)s stars! Time for: %(reward)s"),
        "small_reward_now": N_("Now: %(reward)s"),
        "next_activity": N_("Next: %(title)s"),
        "all_done": N_("All done for today!"),
        # the child's view
        "child_now": N_("Now"),
        "child_next": N_("Next"),
        "child_done_label": N_("Done: %(title)s"),
        "child_rest": N_("No practice today. Play!"),
        "child_stars": (N_("%(count)s star"), N_("%(count)s stars")),
    },
    # reward_log.js: the star chart
    "chart": {
        # Translators: %(date)s is e.g. "Wednesday, November 25"
        "day_today": N_("Today, %(date)s"),
        "day_yesterday": N_("Yesterday, %(date)s"),
        # Translators: %(activities)s is "activities" below ("2 activities"), %(minutes)s is "minutes" ("5 minutes")
        "day_summary": N_("%(activities)s, %(minutes)s in all. Tick each one you did."),
        # Translators: the day's activities, some of them ticked: "1 of 3 activities done."
        "day_part_done": (N_("%(done)s of %(count)s activity done."), N_("%(done)s of %(count)s activities done.")),
        "day_all_done_today": N_("All done today. Well done!"),
        "day_all_done_that_day": N_("All done that day. Well done!"),
        "day_rest": N_("A rest day: nothing planned. Enjoy the day!"),
        "day_rest_extra": (N_("A rest day, and still %(count)s activity done. Well done!"),
                           N_("A rest day, and still %(count)s activities done. Well done!")),
        # the box of the plan's other activities, below the day's own
        "more_today": N_("Did a different activity today?"),
        "more_that_day": N_("Did a different activity that day?"),
        "more_rest_day": N_("Did some practice anyway?"),
        "activities": (N_("%(count)s activity"), N_("%(count)s activities")),
        "minutes": (N_("%(count)s minute"), N_("%(count)s minutes")),
        "days": (N_("%(count)s day"), N_("%(count)s days")),
        "minutes_short": (N_("%(count)s min"), N_("%(count)s min")),  # next to each activity to tick
        "chart_no_stars": N_("No stars yet. The first tick earns the first star."),
        # Translators: %(toward)s of the goal's %(count)s stars are already there
        "goal_count": (N_("%(toward)s of %(count)s star"), N_("%(toward)s of %(count)s stars")),
        "goal_reached": (N_("%(child)s reached %(count)s star! Time for: %(reward)s."),
                         N_("%(child)s reached %(count)s stars! Time for: %(reward)s.")),
        "goal_new": (N_("Enjoy it! A new goal starts now: %(toward)s of %(count)s star."),
                     N_("Enjoy it! A new goal starts now: %(toward)s of %(count)s stars.")),
        "small_reward_today": N_("Practice done today. Well done! Time for: %(reward)s."),
        "small_reward_that_day": N_("Practice done that day. Well done! Time for: %(reward)s."),
        "small_reward_practice_day": N_("A day with practice! Time for: %(reward)s."),  # some of the day is ticked
        "more_stars_to": (N_("%(count)s more star to %(reward)s."), N_("%(count)s more stars to %(reward)s.")),
        "streak_none": N_("Every tick counts. One activity today is a great start."),
        "streak_days": (N_("Practice on %(count)s day in the last 4 weeks."),
                        N_("Practice on %(count)s days in the last 4 weeks.")),
        # Translators: %(days)s is "days" above ("12 days")
        "streak_in_a_row": (N_("%(count)s practice day in a row. Practice on %(days)s in the last 4 weeks."),
                            N_("%(count)s practice days in a row. Practice on %(days)s in the last 4 weeks.")),
        # Translators: %(date)s is e.g. "Fri, Nov 20"
        "claimed_reward": N_("Reward on %(date)s: %(reward)s"),
        # the chart: a day's cell; %(date)s is e.g. "Wednesday, November 25"
        "grid_day_number": N_("%(day)s"),  # the day of the month in its cell, e.g. 25
        "grid_many_stars": (N_("★ %(count)s"), N_("★ %(count)s")),  # in a cell with too many stars to draw
        "grid_stars": (N_("%(date)s: %(count)s star"), N_("%(date)s: %(count)s stars")),
        "grid_all_done": (N_("%(date)s: %(count)s star, all done"), N_("%(date)s: %(count)s stars, all done")),
        "grid_no_stars": N_("%(date)s: no stars"),
        "grid_no_stars_yet": N_("%(date)s: no stars yet"),  # today
        "grid_rest": N_("%(date)s: rest day"),
        "this_week": N_("This week"),
        "last_week": N_("Last week"),
        # Translators: %(date)s is the Monday, e.g. "November 2"
        "week_of": N_("Week of %(date)s"),
        # Translators: %(days)s is "days" above ("3 days")
        "week_total": (N_("%(count)s star on %(days)s."), N_("%(count)s stars on %(days)s.")),
        "week_quiet": N_("A quiet week."),
        "stars": (N_("%(count)s star"), N_("%(count)s stars")),
        # how it went, as the parent answered "How did it go?"
        "rating_easy": N_("easy"),
        "rating_just_right": N_("just right"),
        "rating_hard": N_("hard"),
        "rated_practice": N_("%(title)s (%(rating)s)"),  # an activity in the history, with how it went
        # Translators: %(what)s lists the three below, e.g. "3 practices added, 1 reward added"
        "loaded": N_("Loaded: %(what)s."),
        "loaded_practices": (N_("%(count)s practice added"), N_("%(count)s practices added")),
        "loaded_rewards": (N_("%(count)s reward added"), N_("%(count)s rewards added")),
        "loaded_filled_in": (N_("“how it went” filled in for %(count)s practice"),
                             N_("“how it went” filled in for %(count)s practices")),
        "loaded_nothing_new": N_("Everything in this file was already here."),
        "loaded_already_here": (N_("%(count)s practice was already here."),
                                N_("%(count)s practices were already here.")),
        "loaded_kept_this_phones": (N_("%(count)s practice has a different “how it went” on this phone; the one on "
                                       "this phone was kept."),
                                    N_("%(count)s practices have a different “how it went” on this phone; the one on "
                                       "this phone was kept.")),
        "import_too_big": N_("This file is too big to be a saved star chart. Nothing was changed."),
        "import_not_opened": N_("This file could not be opened. Nothing was changed."),
        # the summary for the therapist, sent by email, text message or the phone's share sheet
        "summary_subject": N_("%(child)s’s home practice"),
        # Translators: %(from)s and %(to)s are e.g. "Thu, Nov 12"
        "summary_title": N_("%(child)s’s home practice, %(from)s to %(to)s:"),
        "summary_nothing": N_("Nothing ticked in the star chart in these two weeks."),
        # Translators: %(activities)s is "activities" above ("2 activities"), %(minutes)s is "minutes" ("5 minutes")
        "summary_totals": (N_("Practice on %(count)s day, %(activities)s, %(minutes)s in all."),
                           N_("Practice on %(count)s days, %(activities)s, %(minutes)s in all.")),
        "summary_activity": (N_("%(title)s: %(count)s time"), N_("%(title)s: %(count)s times")),
        # Translators: %(ratings)s lists the three below, e.g. "2 easy, 1 hard"
        "summary_activity_rated": (N_("%(title)s: %(count)s time (%(ratings)s)"),
                                   N_("%(title)s: %(count)s times (%(ratings)s)")),
        "summary_easy": (N_("%(count)s easy"), N_("%(count)s easy")),
        "summary_just_right": (N_("%(count)s just right"), N_("%(count)s just right")),
        "summary_hard": (N_("%(count)s hard"), N_("%(count)s hard")),
        # Translators: %(toward)s of the goal's %(goal)s stars are there
        "summary_goal": N_("Stars toward “%(reward)s”: %(toward)s of %(goal)s."),
        "summary_reward": N_("Reward on %(date)s: %(reward)s."),
        # whether the browser promised to keep this site's data when the phone runs low on space
        "persist_granted": N_("This phone keeps the star chart safe."),
        "persist_not_granted": N_("This browser may clear the star chart if the phone runs low on space."),
        "persist_tip": N_("Add the page to your home screen, and save a copy now and then."),
        "persist_tip_installed": N_("Save a copy now and then."),  # on the home screen already
        # Translators: “Save the unreadable copy” is the button below this message on the star chart
        "notice_kept_aside": N_("The stars saved on this phone could not be read, so the chart started again. "
                                "Nothing was deleted: the old copy is kept aside. Tap “Save the unreadable copy” and "
                                "send the file to %(therapist)s, who can help."),
    },
}
PAGE_GROUPS = ("page", "store", "keep", "offline", "marks")
CHART_GROUPS = ("page", "store", "keep", "offline", "chart")
PRACTICE_GROUPS = ("page", "store", "keep", "offline", "practice")


def script_words(groups: Iterable[str], gettext: Callable[[str], str],
                 plural_forms: Callable[[str, str], dict[str, str]]) -> dict[str, str | dict[str, str]]:
    """The groups' messages in the site's language: text by key, or text by CLDR plural category
    (``one``, ``few``, ``other``, …) for a count, which the script picks with ``Intl.PluralRules``."""
    words: dict[str, str | dict[str, str]] = {}
    for group in groups:
        for key, message in SCRIPT_WORDS[group].items():
            words[key] = gettext(message) if isinstance(message, str) else plural_forms(*message)
    return words
