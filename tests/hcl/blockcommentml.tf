a = 1 /* multi
line */
