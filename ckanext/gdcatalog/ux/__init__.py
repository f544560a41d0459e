"""Thai conventions of the interface: dates in the Buddhist Era with Thai
month names, the order of Thai names, resource details without CKAN's
internal keys."""
