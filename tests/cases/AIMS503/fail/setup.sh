ln -s /etc/hostname evidence/hostname.txt
