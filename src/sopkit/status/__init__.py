"""Where things stand as of a day: which day counts as today, each section's review,
each duty of the policy, and the review report. Time is always an argument."""
