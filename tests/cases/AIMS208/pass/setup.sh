# Real-looking addresses everywhere, and no override.
sed -i -e '/AIMS208/d' -e '/^severity:$/d' -e '/fictional/d' aims.yaml
sed -i 's/base\.example/acme-ai.co.uk/g' aims.yaml aims/*.md
