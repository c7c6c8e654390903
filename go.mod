module github.com/dateline-news/dateline

go 1.26.8
