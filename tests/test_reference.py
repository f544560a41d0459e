from collections import Counter

from ckanext.gdcatalog import reference


def test_provinces_are_the_77_iso_subdivisions():
    provinces = reference.provinces()
    codes = [p.code for p in provinces]
    assert len(provinces) == 77
    assert len(set(codes)) == 77
    assert codes == sorted(codes)
    by_code = {p.code: p for p in provinces}
    assert (by_code["TH-10"].name_en, by_code["TH-10"].name_th) == ("Bangkok", "กรุงเทพมหานคร")
    assert by_code["TH-11"].name_en == "Samut Prakan"
    assert by_code["TH-38"].name_th == "บึงกาฬ"
    assert by_code["TH-50"].name_en == "Chiang Mai"
    assert by_code["TH-96"].name_en == "Narathiwat"
    assert "TH-S" not in by_code  # Pattaya is a city, not a province


def test_every_province_is_in_one_of_six_regions():
    counts = Counter(p.region.key for p in reference.provinces())
    assert counts == {"central": 22, "northeast": 20, "south": 14, "north": 9,
                      "east": 7, "west": 5}
    assert reference.regions()["northeast"].name_th == "ภาคตะวันออกเฉียงเหนือ"
