#define _XOPEN_SOURCE 700
#include <wchar.h>
#include <locale.h>
#include <stdio.h>
int main(){ setlocale(LC_ALL,"C.UTF-8");
 int prev=-5, start=-1; 
 for(int want=0; want<=2; want+=2){
 printf("want %d\n", want);
 start=-1;
 for(unsigned c=0x20;c<=0x10FFFF;c++){ int w = (c>=0xD800&&c<=0xDFFF)?-1:wcwidth(c); int hit = (w==want);
   if(hit && start<0) start=c;
   if(!hit && start>=0){ printf("0x%X...0x%X,\n", start, c-1); start=-1;}
 }
 if(start>=0) printf("0x%X...0x10FFFF\n",start);
 }
}
