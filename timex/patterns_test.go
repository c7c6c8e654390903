package timex

import "testing"

// TestRatesAndFrequencies checks that rates of an amount are not time
// expressions while frequencies after a plural noun are sets.
func TestRatesAndFrequencies(t *testing.T) {
	runCases(t, []tagCase{
		{"money rate", "2023-03-02", "The plant saves $3 million a year and pays 2,000 pounds per month.", nil},
		{"average rate", "2023-03-02", "Average daily output at the mine fell.", nil},
		{"frequency after plural", "2023-03-02", "The ferry makes six crossings a day.",
			[]want{{"a day", "SET", "P1D", ""}}},
		{"comparison kept", "2023-03-02", "Revenue was $4 million, up from $3 million a year earlier.",
			[]want{{"a year earlier", "DATE", "2022", ""}}},
	})
}

// TestCoordinatedDays checks a second day of the month just named.
func TestCoordinatedDays(t *testing.T) {
	runCases(t, []tagCase{
		{"and", "2023-03-02", "The fair will run on June 12 and 13 in the old harbour.",
			[]want{{"June 12", "DATE", "2023-06-12", ""}, {"13", "DATE", "2023-06-13", ""}}},
		{"or", "2023-05-02", "The vote could fall on May 9 or 10, the clerk said.",
			[]want{{"May 9", "DATE", "2023-05-09", ""}, {"10", "DATE", "2023-05-10", ""}}},
		{"not a day", "2023-05-02", "On May 9 the home side won 3 to 2.",
			[]want{{"May 9", "DATE", "2023-05-09", ""}}},
		{"not adjacent", "2023-05-02", "Talks on May 9 may slip to 12.",
			[]want{{"May 9", "DATE", "2023-05-09", ""}}},
	})
}

// TestTenseAndAdjectives checks that a form in -ed after a determiner is
// not taken for the past tense of the clause.
func TestTenseAndAdjectives(t *testing.T) {
	runCases(t, []tagCase{
		{"adjective", "2023-10-26", "The dividend will be paid on a still undisclosed date in January.",
			[]want{{"January", "DATE", "2024-01", ""}}},
		{"past verb", "2023-10-26", "The board approved the dividend in January.",
			[]want{{"January", "DATE", "2023-01", ""}}},
		{"relative pronoun", "2023-03-08", "The bank that collapsed Friday will be sold.",
			[]want{{"Friday", "DATE", "2023-03-03", ""}}},
		// "States" in a name is not the verb "states" (which would be a
		// present form anyway): "would" decides.
		{"name not a verb", "2023-03-01", "Officials said the delegation would travel to the United States Thursday.",
			[]want{{"Thursday", "DATE", "2023-03-02", ""}}},
		{"likely to", "2023-03-01", "The court is likely to rule on Friday.",
			[]want{{"Friday", "DATE", "2023-03-03", ""}}},
		{"end point ahead", "2013-03-08", "The exhibit runs through Oct. 30.",
			[]want{{"Oct. 30", "DATE", "2013-10-30", ""}}},
		{"end point past", "2013-03-08", "Sales rose through October.",
			[]want{{"October", "DATE", "2012-10", ""}}},
		{"forecast to", "2012-11-01", "The storm is forecast to make landfall Monday evening.",
			[]want{{"Monday evening", "TIME", "2012-11-05TEV", ""}}},
	})
}

// TestRelativeNames checks "last February", anaphoric "the year" and
// "earlier that day".
func TestRelativeNames(t *testing.T) {
	runCases(t, []tagCase{
		{"day this year", "2023-03-02", "The vote moved to Sept. 11 this year and to June 2 next year.",
			[]want{{"Sept. 11 this year", "DATE", "2023-09-11", ""}, {"June 2 next year", "DATE", "2024-06-02", ""}}},
		{"last month name", "2023-03-02", "The factory closed last February and reopened last January.",
			[]want{{"last February", "DATE", "2022-02", ""}, {"last January", "DATE", "2023-01", ""}}},
		{"the year ahead", "2023-03-02", "He was elected in 2019. The reform will pass by the end of the year.",
			[]want{{"2019", "DATE", "2019", ""}, {"the end of the year", "DATE", "2023", "END"}}},
		{"the year back", "2023-03-02", "He was elected in 2019. Later in the year he resigned.",
			[]want{{"2019", "DATE", "2019", ""}, {"Later in the year", "DATE", "2019", "END"}}},
		{"later that day", "2023-06-10", "The bridge opened on May 4. Later that day, traffic jammed.",
			[]want{{"May 4", "DATE", "2023-05-04", ""}, {"Later that day", "DATE", "2023-05-04", "END"}}},
		{"earlier that year", "2023-06-10", "She moved in 2015, having married earlier that year.",
			[]want{{"2015", "DATE", "2015", ""}, {"earlier that year", "DATE", "2015", "START"}}},
	})
}

// TestVagueAndGeneric checks generic uses of "today" and "the future",
// parts of the day and vague durations.
func TestVagueAndGeneric(t *testing.T) {
	runCases(t, []tagCase{
		{"generic today", "2023-03-02", "Today's youth spend more time online than their parents.", nil},
		{"specific today", "2023-03-02", "Today's meeting was cancelled.",
			[]want{{"Today", "DATE", "2023-03-02", ""}}},
		{"future of", "2023-03-02", "The future of the plant is uncertain, but it will reopen in the future.",
			[]want{{"the future", "DATE", "FUTURE_REF", ""}}},
		{"in the morning", "2023-03-02", "The court met on Tuesday. In the morning, the judge read the verdict.",
			[]want{{"Tuesday", "DATE", "2023-02-28", ""}, {"the morning", "TIME", "2023-02-28TMO", ""}}},
		{"discourse now", "2023-03-02", "Now, he says, the plan looks weak. Now the plan looks weak.",
			[]want{{"Now", "DATE", "PRESENT_REF", ""}}},
		{"a while", "2023-03-02", "The road will stay closed for a while.",
			[]want{{"a while", "DURATION", "PXX", ""}}},
	})
}

// TestFinancialPeriods checks the period that "the year-earlier period"
// compares with.
func TestFinancialPeriods(t *testing.T) {
	runCases(t, []tagCase{
		{"no quarter named", "2023-10-25", "Profit was lower than in the year-ago period.",
			[]want{{"the year-ago period", "DATE", "2022-Q3", ""}}},
		{"forecast quarter", "2023-10-25", "Analysts see losses through the second quarter of 2024. In the year-earlier period, the firm earned $2 million.",
			[]want{{"the second quarter of 2024", "DATE", "2024-Q2", ""}, {"the year-earlier period", "DATE", "2022-Q3", ""}}},
	})
}

// TestClockTimes checks four-digit clock times with a zone and a time of
// day glossed before the day it is on.
func TestClockTimes(t *testing.T) {
	runCases(t, []tagCase{
		{"gloss", "2012-12-07", "The truce took effect at 9 p.m. local time (1900 GMT) on Wednesday.",
			[]want{{"9 p.m.", "TIME", "2012-12-05T21:00", ""}, {"Wednesday", "DATE", "2012-12-05", ""}}},
		{"zone", "2012-12-07", "The polls close at 0600 GMT.",
			[]want{{"0600 GMT", "TIME", "2012-12-07T06:00", ""}}},
		{"new clause", "2012-12-07", "Talks began at 10 a.m., and ended on Friday.",
			[]want{{"10 a.m.", "TIME", "2012-12-07T10:00", ""}, {"Friday", "DATE", "2012-12-07", ""}}},
		{"not a clock", "2012-12-07", "The shop opened in 1998, with 2460 GMT shares.", []want{{"1998", "DATE", "1998", ""}}},
	})
}

// TestLastAsVerb checks "last" as a verb before a duration.
func TestLastAsVerb(t *testing.T) {
	runCases(t, []tagCase{
		{"verb", "2012-12-07", "The trial is expected to last six to eight weeks.",
			[]want{{"six to eight weeks", "DURATION", "P6W", ""}}},
		{"adjective", "2012-12-07", "Sales rose over the last three years, back to last year's level.",
			[]want{{"the last three years", "DURATION", "P3Y", ""}, {"last year", "DATE", "2011", ""}}},
	})
}

// TestRangesAndQuarters checks ranges of days written as one token and
// quarters named by their months.
func TestRangesAndQuarters(t *testing.T) {
	runCases(t, []tagCase{
		{"day range", "2012-11-01", "The summit will take place on 20-21 November.",
			[]want{{"20-21 November", "DATE", "2012-11-20", ""}}},
		{"day range with year", "2012-11-01", "Talks are set for Nov. 20-21, 2013.",
			[]want{{"Nov. 20-21, 2013", "DATE", "2013-11-20", ""}}},
		{"score", "2012-11-01", "The score was 3-2 in November.",
			[]want{{"November", "DATE", "2012-11", ""}}},
		{"month quarter", "2012-11-01", "Profits dropped in the April-June quarter.",
			[]want{{"the April-June quarter", "DATE", "2012-Q2", ""}}},
		{"fiscal month quarter", "2012-11-01", "Sales rose in the August to October quarter.",
			[]want{{"the August to October quarter", "DATE", "2012-Q3", ""}}},
	})
}

// TestSentenceNarrative checks that without a tense marker a date follows
// the one named before it in the sentence.
func TestSentenceNarrative(t *testing.T) {
	runCases(t, []tagCase{
		{"follows june", "1989-10-30", "A high of $42 in June and a low of $29 in March.",
			[]want{{"June", "DATE", "1989-06", ""}, {"March", "DATE", "1989-03", ""}}},
		{"alone", "1989-10-30", "A low of $29 in March.",
			[]want{{"March", "DATE", "1990-03", ""}}},
	})
}

// TestUnstatedAmounts checks durations of an unstated number of units and
// days counted in the present.
func TestUnstatedAmounts(t *testing.T) {
	runCases(t, []tagCase{
		{"units of", "2012-11-01", "The deal follows months of talks. After years of war, peace came.",
			[]want{{"months", "DURATION", "PXM", ""}, {"years", "DURATION", "PXY", ""}}},
		{"calendar", "2012-11-01", "He knew the days of the week and the months of the year.", nil},
		{"first hours of", "2012-11-01", "Hundreds fled in the first hours of the fighting.",
			[]want{{"the first hours", "DURATION", "PTXH", ""}}},
		{"early hours of a day", "2012-11-01", "He was arrested in the early hours of Thursday.",
			[]want{{"Thursday", "DATE", "2012-11-01", ""}}},
		{"counted day", "2012-11-01", "It is the third day of the strike, and today is the fourth day of talks.",
			[]want{{"the third day", "DATE", "2012-11-01", ""}, {"today", "DATE", "2012-11-01", ""}, {"the fourth day", "DATE", "2012-11-01", ""}}},
		{"as soon as possible", "2012-11-01", "The board wants a sale as soon as possible.",
			[]want{{"as soon as possible", "DATE", "FUTURE_REF", ""}}},
	})
}

// TestTitles checks programmes and films named with words of time.
func TestTitles(t *testing.T) {
	runCases(t, []tagCase{
		{"programme", "2012-11-01", "He spoke on ABC's \"This Week\" on Sunday.",
			[]want{{"Sunday", "DATE", "2012-10-28", ""}}},
		{"quoted sentence", "2012-11-01", "\"This week we vote,\" she said.",
			[]want{{"This week", "DATE", "2012-W44", ""}}},
		{"film", "2012-11-01", "The poster showed Gary Cooper in \"High Noon.\"", nil},
		{"idiom", "2012-11-01", "For the voters, high noon comes today; the polls close at high noon.",
			[]want{{"today", "DATE", "2012-11-01", ""}, {"noon", "TIME", "2012-11-01T12:00", ""}}},
	})
}

// TestQuartersAndParts checks quarters written with a Q or relative to a
// year, and "earlier in the week".
func TestQuartersAndParts(t *testing.T) {
	runCases(t, []tagCase{
		{"q", "2013-03-08", "Profit in Q3 rose, and Q4 2012 was weak.",
			[]want{{"Q3", "DATE", "2012-Q3", ""}, {"Q4 2012", "DATE", "2012-Q4", ""}}},
		{"quarter of last year", "2013-03-08", "Revenue fell in the third quarter of last year.",
			[]want{{"the third quarter of last year", "DATE", "2012-Q3", ""}}},
		{"earlier in the week", "2013-03-08", "Earlier in the week, talks failed; later in the month rates rose.",
			[]want{{"Earlier in the week", "DATE", "2013-W10", "START"}, {"later in the month", "DATE", "2013-03", "END"}}},
	})
}

// TestHolidaysTitlesAndRates checks weeks named after a holiday, nouns that
// look like months or units, and "annually" as a set or a rate.
func TestHolidaysTitlesAndRates(t *testing.T) {
	runCases(t, []tagCase{
		{"holiday week", "2023-12-01", "Shops stay open late during Christmas week.",
			[]want{{"Christmas week", "DATE", "2023-W52", ""}}},
		{"week of holiday", "2023-11-01", "The vote comes the week of Thanksgiving.",
			[]want{{"the week of Thanksgiving", "DATE", "2023-W47", ""}}},
		{"march as noun", "2023-10-25", "Thousands joined the annual March for Peace downtown.", nil},
		{"month before for", "2023-10-25", "In March for the first time, the park opened.",
			[]want{{"March", "DATE", "2023-03", ""}}},
		{"title", "2023-10-25", "She appeared on \"48 Hours\" last night.",
			[]want{{"last night", "TIME", "2023-10-24TNI", ""}}},
		{"annually set", "2023-10-25", "The festival is held here annually.",
			[]want{{"annually", "SET", "P1Y", ""}}},
		{"annually rate", "2023-10-25", "Revenue grows 8% annually, and output 900 units annually.", nil},
		{"plural of a day", "2023-10-25", "The clinic handles hundreds of calls a day.",
			[]want{{"a day", "SET", "P1D", ""}}},
	})
}

// TestPrefixesAndAnchors checks "post-" and "late-" before a date, a day
// anchored in a month named before it, a possessive after "around", and
// the tense of a long clause.
func TestPrefixesAndAnchors(t *testing.T) {
	runCases(t, []tagCase{
		{"post", "2023-10-25", "Post-1945 politics split the region; pre-2008 prices were lower.",
			[]want{{"Post-1945", "DATE", "1945", "AFTER"}, {"pre-2008", "DATE", "2008", "BEFORE"}}},
		{"late hyphen", "2023-10-25", "The trip is planned for late-November.",
			[]want{{"late-November", "DATE", "2023-11", "END"}}},
		{"day of a month", "2023-10-25", "The plant closed last March. Its owner left that same day.",
			[]want{{"last March", "DATE", "2023-03", ""}, {"that same day", "DATE", "2023-03-XX", ""}}},
		{"possessive", "2023-10-25", "Lawyers sought a way around Friday's ruling.",
			[]want{{"Friday", "DATE", "2023-10-20", ""}}},
		{"more than ago", "2023-10-25", "The town was founded more than three centuries ago.",
			[]want{{"more than three centuries ago", "DATE", "1723", "MORE_THAN"}}},
		{"long clause", "2023-10-25", "In January, a week after the opening of the new bridge across the river near the old harbour, a storm damaged the roof.",
			[]want{{"January", "DATE", "2023-01", ""}, {"a week", "DURATION", "P1W", ""}}},
	})
}

// TestPartsOfDayAreTimes checks that a day with a part of the day is a
// TIME, as TimeML types every expression with a time of day.
func TestPartsOfDayAreTimes(t *testing.T) {
	runCases(t, []tagCase{
		{"the next morning", "2023-03-02", "The talks resumed on Friday. The delegates left the next morning.",
			[]want{{"Friday", "DATE", "2023-02-24", ""}, {"the next morning", "TIME", "2023-02-25TMO", ""}}},
		{"this afternoon", "2023-03-02", "The minister arrived this afternoon.",
			[]want{{"this afternoon", "TIME", "2023-03-02TAF", ""}}},
	})
}
