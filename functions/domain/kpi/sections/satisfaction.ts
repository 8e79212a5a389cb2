import type { WeekStats, WeeklyCounter } from '../aggregates';
import { ratio, share } from '../numbers';
import type { DigestKpis, Rating, RatingDistribution } from '../types';
import type { KpiWindow } from '../window';

const RATINGS: readonly Rating[] = [1, 2, 3, 4, 5];

/** Rating counts and averages over some weeks; the trend and goals use them per week too. */
export function ratingsOf(sum: (ws: readonly WeekStats[], k: WeeklyCounter) => number) {
  const distribution = (ws: readonly WeekStats[]): RatingDistribution => ({
    1: sum(ws, 'ratings_1'),
    2: sum(ws, 'ratings_2'),
    3: sum(ws, 'ratings_3'),
    4: sum(ws, 'ratings_4'),
    5: sum(ws, 'ratings_5'),
  });
  const ratingsIn = (ws: readonly WeekStats[]) => RATINGS.reduce((s, r) => s + distribution(ws)[r], 0);
  const average = (ws: readonly WeekStats[]) => {
    const d = distribution(ws);
    return ratio(
      RATINGS.reduce((s, r) => s + r * d[r], 0),
      ratingsIn(ws),
    );
  };
  return { distribution, ratingsIn, average };
}

export function satisfaction({ report, weeks, c, sum }: KpiWindow): DigestKpis['satisfaction'] {
  const { distribution, ratingsIn, average } = ratingsOf(sum);
  const requestsThisWeek = c(report, 'checkin_requests');
  return {
    avgRatingThisWeek: average([report]),
    avgRating8Weeks: average(weeks),
    ratingsThisWeek: ratingsIn([report]),
    ratings8Weeks: ratingsIn(weeks),
    distributionThisWeek: distribution([report]),
    distribution8Weeks: distribution(weeks),
    checkinRequestsThisWeek: requestsThisWeek,
    responseRateThisWeek: share(ratingsIn([report]), requestsThisWeek),
    responseRate8Weeks: share(ratingsIn(weeks), sum(weeks, 'checkin_requests')),
  };
}
