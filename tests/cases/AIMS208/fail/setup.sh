# aims.yaml as `aims init` writes it: placeholder example.com addresses, and no override for
# the fixture's fictional people.
sed -i -e 's/ceo@base\.example/ceo@example.com/' -e '/AIMS208/d' -e '/^severity:$/d' -e '/fictional/d' aims.yaml
