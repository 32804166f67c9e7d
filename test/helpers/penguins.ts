// Two rows of the shipped penguins example that every trained model labels the same (Adelie, Gentoo).
export const penguin = {
  island: 'Torgersen',
  bill_length_mm: 39.1,
  bill_depth_mm: 18.7,
  flipper_length_mm: 181,
  body_mass_g: 3750,
  sex: 'MALE',
};

export const gentoo = {
  ...penguin,
  island: 'Biscoe',
  bill_length_mm: 47.5,
  bill_depth_mm: 14.2,
  flipper_length_mm: 215,
  body_mass_g: 5300,
};
