import { countriesAlong, countryAt } from './countries';

describe('countryAt', () => {
  it('finds the country of a position offline', () => {
    expect(countryAt(-8.0029, 12.6392)).toBe('ML'); // Bamako
    expect(countryAt(-17.4441, 14.6928)).toBe('SN'); // Dakar
    expect(countryAt(-9.1667, 11.4167)).toBe('GN'); // Siguiri
  });

  it('is null in the open ocean, but knows territorial and island waters', () => {
    expect(countryAt(-40, 30)).toBeNull();
    // country-coder's borders reach into the sea: this is off Saint Peter and Saint Paul Rocks.
    expect(countryAt(-30, 0)).toBe('BR');
  });
});

describe('countriesAlong', () => {
  it('lists every country a line passes through, sorted', () => {
    // Bamako to Ouagadougou crosses from Mali into Burkina Faso.
    expect(
      countriesAlong(
        [
          [-8.0029, 12.6392],
          [-1.5197, 12.3714],
        ],
        5,
      ),
    ).toEqual(['BF', 'ML']);
  });
});
