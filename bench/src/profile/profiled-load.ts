/** What the profiled load measured, kept beside the .cpuprofile so later comparisons can speak in µs per request. */
export interface ProfiledLoad {
  scenario: string;
  requests: number;
  seconds: number;
  cpuMicrosPerRequest: number;
}

export const loadFileFor = (profileFile: string) => profileFile.replace(/\.cpuprofile$/, '.load.json');
