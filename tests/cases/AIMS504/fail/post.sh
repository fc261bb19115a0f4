echo 'a,b' > evidence/new.csv
